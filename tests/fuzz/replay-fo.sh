# Replays the committed fuzz corpus of FO documents through fo_render.
exec "$DDD_BUILDDIR/tests/fuzz/replay-fo" "$DDD_SRCDIR/tests/fuzz/corpus/fo"
