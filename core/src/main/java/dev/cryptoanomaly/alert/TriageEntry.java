package dev.cryptoanomaly.alert;

import dev.cryptoanomaly.BadArgumentException;

/**
 * One analyst's verdict on an alert or incident ({@code target}, an {@link AlertIds} id), as
 * recorded: a later entry for the same target supersedes it without erasing it.
 *
 * @param at when it was recorded, epoch ms
 */
public record TriageEntry(String target, TriageState state, String note, String author, long at) {
  /** Notes are for a sentence or a paragraph, not for pasting logs into the store. */
  public static final int MAX_NOTE = 2000;

  public static final int MAX_AUTHOR = 80;

  /**
   * Checks what people typed, naming the field (CLI flag or form field) in a one-line error.
   *
   * @param authorField where the author came from ({@code analyst} on the dashboard)
   */
  public static TriageEntry of(
      String target, TriageState state, String note, String author, long at, String authorField) {
    String n = note == null ? "" : note.strip();
    if (n.length() > MAX_NOTE) {
      throw new BadArgumentException(
          "note",
          "the note has "
              + String.format(java.util.Locale.ROOT, "%,d", n.length())
              + " characters; the most is "
              + String.format(java.util.Locale.ROOT, "%,d", MAX_NOTE));
    }
    String a = author == null ? "" : author.strip();
    if (a.isEmpty()) {
      throw new BadArgumentException(authorField, "say who is triaging (a name)");
    }
    if (a.length() > MAX_AUTHOR || a.chars().anyMatch(Character::isISOControl)) {
      throw new BadArgumentException(
          authorField, "a name of at most " + MAX_AUTHOR + " printable characters");
    }
    return new TriageEntry(target, state, n, a, at);
  }
}
