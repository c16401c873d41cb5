package dev.latchkey.admin.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.latchkey.doctor.ServerDoctor;

/** {@code /admin/doctor}: the deployment self-check of {@code latchkey doctor}, for the running server. */
@Controller
class DoctorController {

    private final ServerDoctor doctor;

    DoctorController(ServerDoctor doctor) {
        this.doctor = doctor;
    }

    @GetMapping("/admin/doctor")
    String doctor(Model model) {
        model.addAttribute("section", "doctor");
        model.addAttribute("report", doctor.examine());
        return "admin/doctor";
    }
}
