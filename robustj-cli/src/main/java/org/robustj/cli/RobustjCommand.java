package org.robustj.cli;

import picocli.CommandLine.Command;

/** The top-level {@code robustj} command: a table of subcommands. */
@Command(name = "robustj", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Adversarial robustness lab for the JVM: evaluate a model under attack, certify it, diagnose "
                + "why it is (not) robust, experiment with the papers' findings, train robust models, benchmark them on "
                + "a leaderboard, report.",
        subcommands = {
            EvaluateCommand.class,
            AttackUniversalCommand.class,
            MergeCommand.class,
            CertifyCommand.class,
            DiagnoseCommand.class,
            ExperimentCommand.class,
            TrainCommand.class,
            BenchmarkCommand.class,
            LeaderboardCommand.class,
            RobustBenchCommand.class,
            ReportCommand.class,
            ZooCommand.class,
            DataCommand.class,
            ExportCommand.class,
            picocli.CommandLine.HelpCommand.class
        })
public final class RobustjCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
