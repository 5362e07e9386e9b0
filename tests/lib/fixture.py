"""Set-up shared by the integration tests: a stack in a fresh temporary
folder, removed afterwards unless a check failed (then its logs stay)."""
import atexit
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tap  # noqa: E402
from stack import Stack  # noqa: E402


def start(name, up=True, **kw):
    folder = tempfile.mkdtemp(prefix="ddd-%s-" % name)
    st = Stack(folder, **kw)

    def cleanup():
        st.down()
        if tap._failed == 0:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print("# stack folder kept: " + folder, flush=True)
    atexit.register(cleanup)
    if up:
        try:
            st.up()
        except Exception as e:  # noqa: BLE001
            tap._failed += 1
            tap.bail("stack did not start: %s" % e)
    return st
