# Replays the committed fuzz corpus of form answers through form_check.
exec "$DDD_BUILDDIR/tests/fuzz/replay-forms" "$DDD_SRCDIR/tests/fuzz/corpus/forms"
