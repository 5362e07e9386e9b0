# Replays the committed fuzz corpus of tenant files through tenant_check_file.
exec "$DDD_BUILDDIR/tests/fuzz/replay-tenant" "$DDD_SRCDIR/tests/fuzz/corpus/tenant"
