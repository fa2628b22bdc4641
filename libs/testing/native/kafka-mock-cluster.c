/*
 * Kafka mock cluster launcher for tests: librdkafka's in-process mock cluster (real Kafka wire
 * protocol on loopback ports) behind a line protocol, because no Kafka broker is installable here.
 *
 * Usage: kafka-mock-cluster <brokers> [expected-parent-pid]
 * Prints "BOOTSTRAP host:port,..." then answers each stdin command with "OK ..." or "ERR reason":
 *   topic <name> <partitions> [replication] | down <id> | up <id> | rtt <id> <ms>
 *   errors <apiKey> <count> <errorCode...>  | quit
 * Exits on stdin EOF and (PR_SET_PDEATHSIG) when its parent dies, so it never outlives the test.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MAX_ERRORS 64

static void reply(rd_kafka_resp_err_t err, const char *what) {
  if (err) printf("ERR %s: %s\n", what, rd_kafka_err2str(err));
  else printf("OK %s\n", what);
}

static void run(rd_kafka_mock_cluster_t *mc, char *line) {
  char *argv[MAX_ERRORS + 4];
  int argc = 0;
  for (char *tok = strtok(line, " \t\r\n"); tok && argc < MAX_ERRORS + 4; tok = strtok(NULL, " \t\r\n"))
    argv[argc++] = tok;
  if (argc == 0) { printf("ERR empty command\n"); return; }
  const char *cmd = argv[0];
  if (!strcmp(cmd, "topic") && (argc == 3 || argc == 4)) {
    reply(rd_kafka_mock_topic_create(mc, argv[1], atoi(argv[2]), argc == 4 ? atoi(argv[3]) : 1), cmd);
  } else if (!strcmp(cmd, "down") && argc == 2) {
    reply(rd_kafka_mock_broker_set_down(mc, atoi(argv[1])), cmd);
  } else if (!strcmp(cmd, "up") && argc == 2) {
    reply(rd_kafka_mock_broker_set_up(mc, atoi(argv[1])), cmd);
  } else if (!strcmp(cmd, "rtt") && argc == 3) {
    reply(rd_kafka_mock_broker_set_rtt(mc, atoi(argv[1]), atoi(argv[2])), cmd);
  } else if (!strcmp(cmd, "errors") && argc >= 3 && atoi(argv[2]) == argc - 3) {
    rd_kafka_resp_err_t errors[MAX_ERRORS];
    size_t cnt = (size_t)(argc - 3);
    for (size_t i = 0; i < cnt; i++) errors[i] = (rd_kafka_resp_err_t)atoi(argv[3 + i]);
    rd_kafka_mock_push_request_errors_array(mc, (int16_t)atoi(argv[1]), cnt, errors);
    reply(RD_KAFKA_RESP_ERR_NO_ERROR, cmd);
  } else {
    printf("ERR bad command or arguments: %s\n", cmd);
  }
}

int main(int argc, char **argv) {
  /* Die with the parent even if it is SIGKILLed; the getppid check closes the race where the
   * parent died before prctl ran (we would already have been reparented). */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (argc > 2 && getppid() != (pid_t)atoi(argv[2])) return 1;
  setvbuf(stdout, NULL, _IOLBF, 0); /* one reply per line, flushed at once */

  int brokers = argc > 1 ? atoi(argv[1]) : 3;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)); /* errors only */
  /* The mock cluster is owned by an rd_kafka_t handle; this producer is never used otherwise. */
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = brokers > 0 ? rd_kafka_mock_cluster_new(rk, brokers) : NULL;
  if (!mc) { fprintf(stderr, "rd_kafka_mock_cluster_new(%d) failed\n", brokers); return 1; }
  printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));

  char line[4096];
  while (fgets(line, sizeof(line), stdin)) {
    if (!strncmp(line, "quit", 4)) { printf("OK quit\n"); break; }
    run(mc, line);
  }
  /* No rd_kafka_mock_cluster_destroy/rd_kafka_destroy: they sometimes wait ~1 s for internal
   * threads, and the kernel frees the sockets and memory of this throw-away cluster anyway. */
  fflush(stdout);
  _exit(0);
}
