/* bad_abi.c - a test plugin built for another plugin ABI: the host must
 * refuse it, naming both ABI numbers and the file. */
#include <thrive/plugin.h>

THRIVE_PLUGIN_EXPORT(bad_abi) = {
    .abi = 42, /* an ABI this thrive does not have */
    .name = "bad-abi",
    .version = "0.0.1",
    .title = "A plugin from another ABI (test)",
};
