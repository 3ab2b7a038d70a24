// checks stage: cross-references of a merged config.
//
// check_load: what the original checked when loading (config.md §8.1):
// containers named by `!Container`, `!Build` and `!SubConfig` steps exist,
// and no container depends on itself, directly or through others — cycles
// are found in general (the original recursed forever on a container that
// only leads into a cycle). Always fatal.
//
// check_references: what the original only noticed when a command ran:
// commands' and supervise children's `container`, `prerequisites`,
// `!Container`/`!Snapshot` volume containers and `init-command`s. `vagga
// check` reports them as errors; running another command does not look.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "ir_gen.h"

#include <string>
#include <vector>

namespace vagga::checks {

void check_load(const ir::Config& config, diag::Diagnostics& diags);
void check_references(const ir::Config& config, diag::Diagnostics& diags);

// The containers a container's setup depends on, with the span of each reference.
std::vector<ir::Str> container_deps(const ir::Container& c);

// One place where a container or a command is named (definitions
// excluded): what check_references resolves and the editor server
// navigates, walked once by walk_references.
struct Reference {
    enum class Role {
        Setup,           // !Container, !Build, !SubConfig of a container (check_load's)
        Run,             // `container` of a command or a supervise child
        VolumeContainer, // a !Container volume
        VolumeSnapshot,  // the container of a !Snapshot volume
        InitCommand,     // the init-command of a !Persistent volume
        Prerequisite,    // a command's or a child's `prerequisites`
    };
    Role role;
    const ir::Str& name;     // as written, with its span
    const std::string& from; // "container `x`", "command `x`", "child `c` of command `x`"
    const ir::Str* volume;   // InitCommand: the volume's name; else nullptr

    bool names_command() const { return role == Role::InitCommand || role == Role::Prerequisite; }
};

class ReferenceVisitor {
  public:
    virtual ~ReferenceVisitor() = default;
    virtual void reference(const Reference&) {}
    // Each volume, before the references it holds.
    virtual void volume(const ir::Volume&) {}
    // Each container, after the references of its setup and volumes.
    virtual void container(const ir::Container&) {}
};

// Containers, then commands (each command's own fields, then its
// supervise children), in config order.
void walk_references(const ir::Config& config, ReferenceVisitor& visitor);

} // namespace vagga::checks
