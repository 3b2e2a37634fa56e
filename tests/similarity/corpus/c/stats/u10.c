#include <stdio.h>

// min or max of the numbers
long pick(long *nums, int cnt, int biggest)
{
	long res = nums[0];
	for (int t = 1; t < cnt; t++)
		if ((biggest && nums[t] > res) || (!biggest && nums[t] < res))
			res = nums[t];
	return res;
}

int main(void)
{
	long nums[20000];
	int cnt;
	double total;

	for (cnt = 0; cnt < 20000; cnt++) {
		if (scanf("%ld", &nums[cnt]) != 1)
			break;
	}
	if (cnt == 0) {
		printf("no data\n");
	} else {
		total = 0;
		for (int t = 0; t < cnt; t++)
			total = total + nums[t];
		printf("count %d\nmin %ld\nmax %ld\nmean %.2f\n", cnt, pick(nums, cnt, 0),
		    pick(nums, cnt, 1), total / cnt);
	}
	return 0;
}
