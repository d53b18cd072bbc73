package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.alert.TriageEntry;
import dev.cryptoanomaly.report.Triage;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code alerts triage ID --as STATE --note TEXT}: an analyst's verdict, kept as history. */
@Command(
    name = "triage",
    mixinStandardHelpOptions = true,
    description = {
      "Mark an alert or an incident confirmed, dismissed or known-event, with a note; recorded"
          + " with the time and your OS user. Earlier verdicts stay in the history it prints.",
      "Example: alerts triage a1b2c3d4e5f6g --as confirmed --note \"exchange outage\""
    })
final class AlertTriageCommand implements Callable<Integer> {
  @ParentCommand AlertsCommand alerts;

  @Parameters(index = "0", paramLabel = "ID", description = "An alert or incident id.")
  String id;

  @Option(names = "--as", required = true, description = "confirmed, dismissed or known-event.")
  String state;

  @Option(names = "--note", defaultValue = "", description = "Why (at most 2,000 characters).")
  String note;

  @Override
  public Integer call() {
    Main main = alerts.main;
    PrintWriter out = main.out();
    String author = System.getProperty("user.name", "");
    try (KlineStore store = Stores.open(main.settings())) {
      Triage.Target target;
      try {
        target =
            Triage.record(
                store, id, state, note, author, main.clock().millis(), "id", "as", "user");
      } catch (dev.cryptoanomaly.BadArgumentException e) {
        if (e.argument().equals("id")) { // a positional parameter, not a flag
          throw new dev.cryptoanomaly.UserException("ID " + e.problem());
        }
        if (e.argument().equals("user")) {
          throw new dev.cryptoanomaly.UserException("your OS user name: " + e.problem());
        }
        throw e;
      }
      List<TriageEntry> history = store.triageHistory(target.id());
      out.println(target.describe() + " marked " + history.getLast().state().id());
      for (TriageEntry e : history) {
        out.printf(
            "  %s  %-11s %-12s %s%n",
            dev.cryptoanomaly.Numbers.instant(e.at()), e.state().id(), e.author(), e.note());
      }
    }
    return 0;
  }
}
