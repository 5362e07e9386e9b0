"""A worker restart under load fails no request when the socket is held
by another process and passed in LISTEN_FDS, as systemd does with
ddd-worker.socket: the connections that arrive while no worker runs wait
in the socket's queue.  This test holds the socket itself and restarts
the worker as `systemctl restart` would: SIGTERM, wait, start."""
import os, signal, socket, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from load import Wrk
from stack import BUILDDIR

st = fixture.start("restart", threads=4, rate_limits=False)
c = Client(st.port)
worker = os.path.join(BUILDDIR, "ddd-worker")


def restart_own_socket():
    """The worker with a socket of its own, restarted the same way."""
    st.stop_worker()
    st.start_worker(wait=False)


# Control: without a held socket a restart fails requests (the socket
# goes with the old worker and comes back with the new one).
wrk = Wrk(st.url + "/login", 5)
time.sleep(1.5)
restart_own_socket()
requests, bad, sock, out = wrk.result()
print("# control, own socket, one restart: %d requests, %d non-2xx/3xx, "
      "%d socket errors" % (requests, bad, sock))
st.stop_worker()
st.rm_pid("worker")

# The socket systemd would hold (ddd-worker.socket).
if os.path.exists(st.sock):
    os.unlink(st.sock)
held = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
held.bind(st.sock)
held.listen(1024)
os.chmod(st.sock, 0o666)
log = open(st.path("worker.log"), "ab")


def start_activated():
    fd = held.fileno()

    def child():
        # sd_listen_fds(3): the socket as fd 3, LISTEN_PID our own pid.
        os.dup2(fd, 3)
        os.environ["LISTEN_FDS"] = "1"
        os.environ["LISTEN_PID"] = str(os.getpid())
    return subprocess.Popen([worker, "-f", st.config], stdin=subprocess.DEVNULL,
                            stdout=log, stderr=log, pass_fds=(3,),
                            preexec_fn=child, start_new_session=True)


p = start_activated()
time.sleep(1)
is_(c.get("/login").status, 200, "the activated worker answers")
contains(st.log("worker.log"), "socket=systemd", "it took the socket from LISTEN_FDS")

wrk = Wrk(st.url + "/login", 12)
time.sleep(1.5)
restarts = 0
for i in range(3):
    p.send_signal(signal.SIGTERM)
    rc = p.wait(60)
    is_(rc, 0, "restart %d: the old worker stopped cleanly" % (i + 1))
    ok(os.path.exists(st.sock), "restart %d: the socket stays" % (i + 1))
    p = start_activated()
    restarts += 1
    time.sleep(2.5)
requests, bad, sock, out = wrk.result()
ok(requests > 500, "wrk made %d requests over %d restarts" % (requests, restarts), out)
is_(bad, 0, "no answer other than 2xx/3xx over the restarts")
is_(sock, 0, "no socket error over the restarts")
print("# restart under load, socket held: %d requests, %d restarts, %d non-2xx/3xx, "
      "%d socket errors" % (requests, restarts, bad, sock))
is_(c.get("/login").status, 200, "the last worker answers")
n = st.log("worker.log").count("socket=systemd")
is_(n, 4, "four workers took the held socket")
p.send_signal(signal.SIGTERM)
is_(p.wait(60), 0, "the last one stops cleanly")
ok(os.path.exists(st.sock), "and leaves the socket to its holder")
held.close()
log.close()
done()
