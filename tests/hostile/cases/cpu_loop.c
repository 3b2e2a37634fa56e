/* expect: TimeLimitExceeded
 * report: CPU time limit of 0.5 s exceeded
 * exercise: c/spin */
int main(void) { for (volatile unsigned long i = 0; ; i++) ; }
