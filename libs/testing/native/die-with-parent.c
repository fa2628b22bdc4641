/*
 * die-with-parent <expected-parent-pid> <program> [args...]
 *
 * Execs <program> with PR_SET_PDEATHSIG=SIGKILL, so the kernel kills it the moment the process
 * that spawned it dies, however it dies (SIGKILL included, where no exit handler can run).
 * Needed for servers such as redis-server that ignore stdin and so cannot notice a closed pipe.
 * The death signal survives execve; the getppid check covers a parent that died before prctl.
 * Linux sends it when the spawning *thread* ends: node spawns from the thread that calls spawn(),
 * the main thread in a jest worker process, so that is the process' own lifetime.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: die-with-parent <expected-parent-pid> <program> [args...]\n");
    return 2;
  }
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) { perror("prctl"); return 2; }
  if (getppid() != (pid_t)atoi(argv[1])) return 2; /* parent already gone */
  execvp(argv[2], argv + 2);
  fprintf(stderr, "die-with-parent: cannot exec %s: ", argv[2]);
  perror(NULL);
  return 127;
}
