# Replays the committed fuzz corpus through the real cookie parser.
exec "$DDD_BUILDDIR/tests/fuzz/replay-cookies" "$DDD_SRCDIR/tests/fuzz/corpus/cookies"
