/* generic.c - the plugin for any intervention: the YAML model alone.
 *
 * It adds no measure and reads no section; it exists so that every model
 * names a plugin (`pilot: generic`) and the host has one code path.
 */
#include <thrive/plugin.h>

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    const thrive_node *section = host->section(ctx);
    if (host->node_kind(section) != THRIVE_NODE_NONE)
        host->error(ctx, section,
                    "the generic plugin has no settings; remove the 'generic' section");
    return 0;
}

THRIVE_PLUGIN(generic, .name = "generic", .version = "1.0.0",
              .title = "Any intervention: the logic model alone, no measures of its own",
              .check = check);
