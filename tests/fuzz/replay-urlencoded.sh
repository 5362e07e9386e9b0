# Replays the committed fuzz corpus through the real parser (no libFuzzer
# needed): a regression test that runs in seconds under make check.
exec "$DDD_BUILDDIR/tests/fuzz/replay-urlencoded" "$DDD_SRCDIR/tests/fuzz/corpus/urlencoded"
