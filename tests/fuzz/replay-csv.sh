# Replays the committed fuzz corpus and the CSV fixtures through the real
# student-list parser.
exec "$DDD_BUILDDIR/tests/fuzz/replay-csv" "$DDD_SRCDIR/tests/fuzz/corpus/csv" "$DDD_SRCDIR/tests/data/csv"
