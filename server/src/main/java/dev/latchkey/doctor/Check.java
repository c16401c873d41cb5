package dev.latchkey.doctor;

import java.util.List;

/** One kind of risky setting, looked for in a deployment's configuration and database. */
interface Check {

    /** The findings, none when the deployment is safe in this respect. */
    List<Finding> examine(Deployment deployment);
}
