#include <stdio.h>

#define MAX 4096

int main()
{
    char s[MAX];
    int n = 0, c;

    while ((c = getchar()) != EOF) {
        if (c == '\n') {
            while (n > 0)
                putchar(s[--n]);
            putchar('\n');
        } else if (n < MAX) {
            s[n++] = c;
        }
    }
    /* last line without a newline */
    if (n > 0) {
        while (n > 0)
            putchar(s[--n]);
        putchar('\n');
    }
    return 0;
}
