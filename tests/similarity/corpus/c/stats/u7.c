#include <stdio.h>

/* read everything we can */
static int load(long *arr, int limit) {
    int cnt = 0;
    while (cnt < limit && scanf("%ld", &arr[cnt]) == 1) cnt++;
    return cnt;
}

static void report(const long *arr, int cnt) {
    long lowest = arr[0], highest = arr[0], acc = 0;
    for (int k = 0; k < cnt; k++) {
        if (arr[k] < lowest) lowest = arr[k];
        if (arr[k] > highest) highest = arr[k];
        acc += arr[k];
    }
    printf("count %d\n", cnt);
    printf("min %ld\nmax %ld\n", lowest, highest);
    printf("mean %.2f\n", (double)acc / cnt);
}

int main(void) {
    static long numbers[100000];
    int cnt = load(numbers, 100000);
    if (cnt == 0) { printf("no data\n"); return 0; }
    report(numbers, cnt);
    return 0;
}
