/* serve.c - `roadshow serve`: the web UI and API until SIGINT or SIGTERM, then a graceful stop. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../app/app.h"
#include "../http/http.h"
#include "cli.h"

/* Splits ADDR:PORT. */
static int parse_listen(const char *s, char *addr, size_t addrlen, int *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	if (!colon || (size_t)(colon - s) >= addrlen)
		return -1;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	if (!strcmp(addr, "localhost"))
		strcpy(addr, "127.0.0.1");
	long p = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || p < 0 || p > 65535)
		return -1;
	*port = (int)p;
	return 0;
}

enum { DRAIN_SECONDS = 10 };

/* No new connections; the requests begun may finish, for DRAIN_SECONDS at most or until a
 * second signal says not to wait. */
static void drain(struct http_server *srv, const sigset_t *set, int sig)
{
	char msg[128];
	http_quiesce(srv);
	snprintf(msg, sizeof(msg), "signal %d: no new connections, %lu requests in flight", sig,
		 http_in_flight(srv));
	http_log("stopping", msg);
	struct timespec start, now, tick = {0, 50 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		unsigned long left = http_in_flight(srv);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!left)
			break;
		if (now.tv_sec - start.tv_sec >= DRAIN_SECONDS) {
			snprintf(msg, sizeof(msg), "%lu requests in flight after %d s: ended", left,
				 DRAIN_SECONDS);
			http_log("stop_forced", msg);
			return;
		}
		if (sigtimedwait(set, NULL, &tick) > 0) {
			snprintf(msg, sizeof(msg), "a second signal: %lu requests in flight ended",
				 left);
			http_log("stop_forced", msg);
			return;
		}
	}
	http_log("stopped", "every request begun has finished");
}

int cmd_serve(int argc, char **argv)
{
	const char *db = cli_default_db(), *listen = "127.0.0.1:8080", *proxy = NULL;
	const struct opt opts[] = {
		OPT_DB(db),
		{"listen", "ADDR:PORT", "address to listen on (default 127.0.0.1:8080)", &listen,
		 NULL},
		{"trusted-proxy", "ADDR",
		 "the TLS front (nginx) whose X-Forwarded-For names the client, for login "
		 "throttling",
		 &proxy, NULL},
		{0},
	};
	char addr[64], err[512];
	int port;
	int optrc = opt_parse("serve", opts, argc, argv, NULL, 0, 0);
	if (optrc < 0)
		return opt_exit(optrc);
	if (parse_listen(listen, addr, sizeof(addr), &port)) {
		fprintf(stderr, "roadshow serve: '--listen %s' is not ADDR:PORT\n", listen);
		return 2;
	}
	unsigned char bin[16];
	if (proxy && inet_pton(AF_INET, proxy, bin) != 1 && inet_pton(AF_INET6, proxy, bin) != 1) {
		fprintf(stderr, "roadshow serve: '--trusted-proxy %s' is not an IP address\n",
			proxy);
		return 2;
	}

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* server threads inherit the mask */
	signal(SIGPIPE, SIG_IGN);

	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error aerr;
	int setup = 1;
	if (cli_open_app("serve", db, &app)) {
		return 1;
	}
	app_error_init(&aerr, &a);
	int failed = app_setup_mode(&app, &setup, &aerr);
	arena_release(&a);
	/* with no account everything is open: that is only safe where only this machine reaches */
	if (failed || (setup && strncmp(addr, "127.", 4))) {
		fprintf(stderr,
			failed ? "roadshow serve: cannot read the accounts of %s\n"
			       : "roadshow serve: refusing to listen on '%s': the database has no "
				 "account yet, and until it has one Roadshow serves only loopback "
				 "(127.0.0.0/8); add one with `roadshow user add`\n",
			failed ? db : addr);
		app_close(&app);
		return 2;
	}
	struct http_server *srv = http_start(&app, addr, port, proxy, err, sizeof(err));
	if (!srv) {
		fprintf(stderr, "roadshow serve: %s\n", err);
		app_close(&app);
		return 1;
	}
	printf("roadshow: serving http://%s:%d/ (database %s)\n", addr, http_port(srv), db);
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	drain(srv, &set, sig);
	http_stop(srv);
	app_close(&app);
	return 0;
}
