# Replays the committed fuzz corpus of SAML responses through the ACS's
# checks (Lasso and ours) that come before anything is stored.
exec "$DDD_BUILDDIR/tests/fuzz/replay-saml" "$DDD_SRCDIR/tests/fuzz/corpus/saml"
