/* no_symbol.c - a test module that is not a thrive plugin: it exports no
 * descriptor, and the host must say which symbol it looked for. */
int no_symbol_answer(void);

int no_symbol_answer(void)
{
    return 42;
}
