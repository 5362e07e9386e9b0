# Replays the committed fuzz corpus of answer sets through form_check,
# form_shown and form_step_percent.
exec "$DDD_BUILDDIR/tests/fuzz/replay-answers" "$DDD_SRCDIR/tests/fuzz/corpus/answers"
