# Replays the committed fuzz corpus through the real multipart parser.
exec "$DDD_BUILDDIR/tests/fuzz/replay-multipart" "$DDD_SRCDIR/tests/fuzz/corpus/multipart"
