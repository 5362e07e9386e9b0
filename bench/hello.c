/* hello: the baseline for bench/run.  A minimal single-threaded libfcgi
 * responder: it listens on the unix socket named by argv[1] and answers
 * every request with 200 and "hello\n" in text/plain. */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <fcgiapp.h>

int
main(int argc, char *argv[])
{
	FCGX_Request	 req;
	int		 fd;

	if (argc != 2) {
		fprintf(stderr, "usage: hello socket-path\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "hello: FCGX_Init failed\n");
		return 1;
	}
	(void)unlink(argv[1]);
	if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0) {
		fprintf(stderr, "hello: cannot listen on %s\n", argv[1]);
		return 1;
	}
	if (FCGX_InitRequest(&req, fd, 0) != 0) {
		fprintf(stderr, "hello: FCGX_InitRequest failed\n");
		return 1;
	}
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutS("Status: 200 OK\r\n"
		    "Content-Type: text/plain\r\n"
		    "Content-Length: 6\r\n"
		    "\r\n"
		    "hello\n", req.out);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	return 0;
}
