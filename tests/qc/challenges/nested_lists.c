/*
 * props: tests/qc/challenges/props/nested_lists.c
 * kind: the shrinking challenge "nested lists": a right answer, a wrong
 * claim (at most 10 elements in all); lists must be joined.
 * result: falsified
 * minimal:
 *	int *ls[1] = {(int[11]){0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
 *	size_t lens[1] = {11};
 *	size_t n = 1;
 */
#include <stddef.h>

size_t total_length(const size_t *lens, size_t n)
{
	size_t t = 0;

	for (size_t i = 0; i < n; i++)
		t += lens[i];
	return t;
}
