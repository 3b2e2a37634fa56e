/*
 * props: tests/qc/challenges/props/nested_lists.c
 * kind: the shrinking challenge "nested lists": a right answer, a wrong
 * claim (at most 10 elements in all); lists must be joined.
 * result: falsified
 * minimal:
 *	int *ls[1] = {(int[11]){0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
 *	int lens[1] = {11};
 *	int n = 1;
 */
int total_length(const int *lens, int n)
{
	int t = 0;

	for (int i = 0; i < n; i++)
		t += lens[i];
	return t;
}
