package dev.latchkey.admin.console;

import org.springframework.ui.Model;

/**
 * The page every destructive action goes through: what will happen, one button that does it (a CSRF-protected
 * POST to {@code action}) and a way back. Works without script and from the keyboard.
 */
record ConfirmPage(String title, String message, String action, String button, String cancel) {

    static final String VIEW = "admin/confirm";

    String show(Model model, String section) {
        model.addAttribute("confirm", this);
        model.addAttribute("section", section);
        return VIEW;
    }
}
