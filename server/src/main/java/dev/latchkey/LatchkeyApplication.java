package dev.latchkey;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.latchkey.doctor.DoctorCommand;
import dev.latchkey.ops.PurgeCommand;
import dev.latchkey.user.HashPasswordCommand;

/** Latchkey: a PKCE-first OAuth 2.1 and OpenID Connect authorization server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LatchkeyApplication {

    public static void main(String[] args) {
        if (args.length == 1 && HashPasswordCommand.NAME.equals(args[0])) {
            System.exit(HashPasswordCommand.run(System.console(), System.in, System.out, System.err));
        }
        if (args.length >= 1 && DoctorCommand.NAME.equals(args[0])) {
            System.exit(DoctorCommand.runAlone(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && PurgeCommand.NAME.equals(args[0])) {
            System.exit(PurgeCommand.runAlone(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(LatchkeyApplication.class, args);
    }
}
