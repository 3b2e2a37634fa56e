#include <stdio.h>
#include <string.h>

int main(void) {
  char text[2048];
  while (fgets(text, sizeof text, stdin)) {
    char *end = text + strlen(text);
    if (end > text && end[-1] == '\n') end--;
    char *p = end;
    while (p > text) {
      p--;
      fputc(*p, stdout);
    }
    fputc('\n', stdout);
  }
  return 0;
}
