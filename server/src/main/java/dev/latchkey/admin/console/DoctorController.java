package dev.latchkey.admin.console;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.latchkey.doctor.ServerDoctor;
import dev.latchkey.ops.Housekeeping;
import dev.latchkey.ops.PurgeResult;

/**
 * {@code /admin/doctor}: the deployment self-check of {@code latchkey doctor}, for the running server, and a
 * housekeeping run on demand, as {@code latchkey purge} does.
 */
@Controller
class DoctorController {

    private final ServerDoctor doctor;

    private final Housekeeping housekeeping;

    DoctorController(ServerDoctor doctor, Housekeeping housekeeping) {
        this.doctor = doctor;
        this.housekeeping = housekeeping;
    }

    @GetMapping("/admin/doctor")
    String doctor(Model model) {
        model.addAttribute("section", "doctor");
        model.addAttribute("report", doctor.examine());
        return "admin/doctor";
    }

    @PostMapping("/admin/doctor/purge")
    String purge(Principal principal, RedirectAttributes redirect) {
        PurgeResult result = housekeeping.purgeFor(principal.getName());
        if (result.ran()) {
            redirect.addFlashAttribute("notice", "Housekeeping ran: " + result.summary() + ".");
            redirect.addFlashAttribute("purged", result.purged());
        }
        else {
            redirect.addFlashAttribute("alert", result.summary());
        }
        return "redirect:/admin/doctor";
    }
}
