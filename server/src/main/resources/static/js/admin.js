// The admin console's only script (the CSP allows scripts from this origin only): copy buttons, and hiding
// what does not apply to a public application. Every page works without it.
(function () {
  "use strict";

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var text = target.textContent;
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (document.execCommand("copy")) {
      done();
    }
  }

  function applyClientType() {
    var confidential = document.getElementById("type-confidential");
    if (!confidential) {
      return;
    }
    var isConfidential = confidential.checked;
    document.querySelectorAll(".confidential-only").forEach(function (element) {
      element.hidden = !isConfidential;
    });
    document.querySelectorAll(".public-only").forEach(function (element) {
      element.hidden = isConfidential;
    });
    var clientCredentials = document.getElementById("grant-client_credentials");
    if (clientCredentials && !isConfidential) {
      clientCredentials.checked = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      button.addEventListener("click", function () { copy(button); });
    });
    document.querySelectorAll("input[name=type]").forEach(function (radio) {
      radio.addEventListener("change", applyClientType);
    });
    applyClientType();
  });
})();
