/* bad_abi.c - a test plugin built for the previous plugin ABI (2): the
 * host must refuse it, naming both ABI numbers and the file. */
#include <thrive/plugin.h>

THRIVE_PLUGIN_EXPORT(bad_abi) = {
    .abi = 2, /* the ABI before this one */
    .name = "bad-abi",
    .version = "0.0.1",
    .title = "A plugin from another ABI (test)",
};
