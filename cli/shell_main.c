/* shell_main.c - temporary `sluice-shell` binary until cli/main.c's command table calls these. */
#include "cli/shell.h"
#include <string.h>
int main(int argc, char **argv)
{
    return argc > 1 && strcmp(argv[1], "run") == 0 ? sl_run_main(argc - 2, argv + 2)
                                                   : sl_shell_main(argc - 1, argv + 1);
}
