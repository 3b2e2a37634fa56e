int main(void) { return 0; } /* the solution */
