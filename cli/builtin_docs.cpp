#include "cli/builtin_docs.h"

#include "compiler/project/project.h"

#include <fmt/format.h>

#include <algorithm>

namespace vagga::cli {

namespace {

// The build-mode options several builtins share with the launcher.
const OptionDoc kNoImage{{"--no-image-download"}, "", "Never unpack a prebuilt image"};
const OptionDoc kNoBuild{
    {"--no-build"}, "", "Never build the container: fail if it is not built at its version"};
const OptionDoc kNoVersion{
    {"--no-version-check"}, "", "Use the version built last, whatever the config says now"};

const std::vector<OptionDoc> kGlobal = {
    {{"-V", "--version"}, "", "Show the version and exit"},
    {{"-E", "--env", "--environ"},
     "NAME=VALUE",
     "Set an environment variable for the container (`-E NAME` removes it)",
     true},
    {{"-e", "--use-env"}, "VAR", "Pass the variable VAR from the host", true},
    {{"--ignore-owner-check"}, "", "Run even if the project folder is not owned by you"},
    kNoImage,
    kNoBuild,
    kNoVersion,
    {{"--no-net", "--no-network", "--isolate-network"},
     "",
     "Run the command in a network namespace with only a loopback interface"},
    {{"--no-prerequisites"}, "", "Do not run the commands' prerequisites"},
    {{"--containers-only"}, "", "Build the containers the command needs and exit"},
    {{"-m", "--run-multi"}, "", "Run each of the following commands in turn"},
};

const std::vector<BuiltinDoc> kBuiltins = {
    {"_build",
     "CONTAINER",
     "Build a container if its version is not built yet",
     "",
     {{{"--force"}, "", "Build again even if this version is built"}, kNoImage},
     Operand::Container},
    {"_clean",
     "ACTION ...",
     "Remove containers, build leftovers and volumes from the storage",
     "At least one action is required; -n shows what would go.",
     {{{"--tmp", "--tmp-folders"}, "", "Remove failed and in-progress builds (.roots/.tmp*)"},
      {{"--old", "--old-containers"}, "", "Remove versions no .vagga/NAME link points to"},
      {{"--unused"}, "", "Remove versions that are not the current version of a container"},
      {{"--at-least"},
       "DURATION",
       "With --unused: remove versions unused for DURATION instead (10days, 12h, 1w 2d)"},
      {{"--transient"}, "", "Remove copies of transient containers whose process is gone"},
      {{"--everything"}, "", "Remove the whole storage (.vagga)"},
      {{"--volumes"}, "", "Remove every !Persistent volume"},
      {{"--unused-volumes"}, "", "Remove !Persistent volumes no container or command mentions"},
      {{"--global"},
       "",
       "With --unused --at-least: every project in storage-dir; with --everything: all of "
       "storage-dir and cache-dir"},
      {{"-n", "--dry-run"}, "", "Only print what would be removed"}}},
    {"_list",
     "",
     "List the commands (or containers) of the project",
     "",
     {{{"--containers"}, "", "List containers instead of commands"},
      {{"-A", "--all"}, "", "Show hidden and builtin commands too"},
      {{"--builtin"}, "", "Accepted for compatibility"},
      {{"--hidden"}, "", "Show hidden commands"},
      {{"--zsh"}, "", "Print in zsh completion format"},
      {{"--no-aliases"}, "", "Do not list aliases"},
      {{"-v", "--verbose"}, "", "Show the file each entry comes from"}}},
    {"_pack_image",
     "CONTAINER",
     "Build a container and write its image as a tar archive",
     "Without --file the archive goes to standard output; a relative FILE is in the project.",
     {{{"-f", "--file"}, "FILE", "Write the image to FILE"},
      {{"-z", "--gzip"}, "", "Compress with gzip"},
      {{"-j", "--bzip2"}, "", "Compress with bzip2"},
      {{"-J", "--xz"}, "", "Compress with xz"},
      kNoImage,
      kNoBuild,
      kNoVersion},
     Operand::Container},
    {"_push_image",
     "CONTAINER",
     "Build a container and upload its image with the push-image-script setting",
     "",
     {kNoImage, kNoBuild, kNoVersion},
     Operand::Container},
    {"_run",
     "CONTAINER COMMAND [ARG ...]",
     "Run any command in a container, building the container first if needed",
     "",
     {{{"-W", "--writeable", "--writable"},
       "",
       "Run in a copy of the container that the command may change"},
      kNoImage,
      kNoBuild,
      kNoVersion},
     Operand::RunnableContainer,
     2},
    {"_version_hash",
     "CONTAINER",
     "Print the version hash of a container",
     "Exit 29 when the version can only be known after building a dependency.",
     {{{"-s", "--short"}, "", "Print the first 8 characters only"},
      {{"--fd3"}, "", "Write the hash to file descriptor 3"},
      {{"--debug-versioning"}, "", "Print every input of the hash, readably, before the hash"},
      {{"--dump-version-data"}, "", "Print the raw hashed bytes"}},
     Operand::Container},
    {"_base_dir", "", "Print the folder that holds vagga.yaml", "", {}},
    {"_relative_work_dir",
     "",
     "Print the current folder relative to the folder that holds vagga.yaml",
     "",
     {}},
    {"_check",
     "",
     "Check vagga.yaml, its includes and mixins, and report every problem",
     "`vagga check` is the same unless the project defines its own `check` command.",
     {{{"--format"}, "FORMAT", "Output format: text or json"},
      {{"--config"},
       "FILE",
       "Check this file as the project's main file (its folder is the project root)"},
      {{"--target"},
       "TARGET",
       "development (default), or production: also what a production engine would not give"}}},
    {"_plan",
     "COMMAND [ARG ...] | --run CONTAINER COMMAND [ARG ...] | --build CONTAINER",
     "Print, as JSON, what running a command or building a container would do",
     "Nothing is built or run.",
     {{{"--run"}, "", "Plan `vagga _run CONTAINER COMMAND [ARG ...]`"},
      {{"--build"}, "", "Plan the build of CONTAINER"}},
     Operand::Command,
     1},
    {"_export",
     "oci CONTAINER -o PATH | bundle COMMAND[:CHILD] -o DIR | kube COMMAND | compose [COMMAND ...]",
     "Export a container or command for a production engine",
     "oci: an OCI image layout (a folder, or an oci-archive when PATH ends in .tar) with one "
     "reproducible layer; with --command the image runs that command. bundle: an OCI runtime "
     "bundle (config.json and rootfs) for `runc run`. kube: a Pod for Kubernetes and `podman "
     "kube play`. compose: a compose file (default: every command). Nothing of the host's "
     "environment goes in; a host folder the command binds is named in a warning.",
     {{{"-o", "--output"}, "PATH", "Where to write the layout, archive or bundle"},
      {{"--command"}, "CMD[:CHILD]", "oci: the command the image runs"},
      {{"-t", "--tag"}, "TAG", "oci: the image's name (default: localhost/CONTAINER:HASH8)"},
      {{"--compression"}, "KIND", "oci: the layer's compression: gzip (default), zstd or none"}},
     Operand::None},
    {"_schema",
     "",
     "Print the JSON Schema of vagga.yaml for generic YAML editors",
     "",
     {{{"--custom-tags"}, "", "Print the tags as a yaml-language-server customTags list"}}},
    {"_help",
     "[COMMAND]",
     "Show the help of a command or builtin",
     "Without a command: the project's command summary.",
     {},
     Operand::Command},
    {"_compgen",
     "[WORD ...] -- [CUR]",
     "Print the completions of CUR after WORDs, one per line (used by the shell scripts)",
     "",
     {},
     Operand::None,
     0},
};

std::string option_names(const OptionDoc& o) {
    std::string s;
    for (auto n : o.names)
        s += (s.empty() ? "" : ",") + std::string(n);
    if (!o.value.empty())
        s += " " + std::string(o.value);
    return s;
}

// argparse's layout: names in a 22-column field, the help beside them or
// on the next line when the names are wider.
void option_lines(std::string& out, const OptionDoc& o) {
    std::string names = option_names(o);
    out += "  " + names;
    if (names.size() < 22)
        out += std::string(22 - names.size(), ' ');
    else
        out += "\n" + std::string(24, ' ');
    out += std::string(o.help) + "\n";
}

const OptionDoc kHelpOption{{"-h", "--help"}, "", "Show this help message and exit"};

} // namespace

std::span<const BuiltinDoc> builtin_docs() {
    return kBuiltins;
}

const BuiltinDoc* find_builtin_doc(std::string_view name) {
    if (name == "check")
        name = "_check";
    for (const auto& b : kBuiltins)
        if (b.name == name)
            return &b;
    return nullptr;
}

std::span<const OptionDoc> global_options() {
    return kGlobal;
}

std::string usage_text(const BuiltinDoc& doc) {
    std::string line = fmt::format("  vagga {}", doc.name);
    if (!doc.options.empty())
        line += " [OPTIONS]";
    if (!doc.operands.empty())
        line += " " + std::string(doc.operands);
    return "Usage:\n" + line + "\n";
}

std::string help_text(const BuiltinDoc& doc) {
    std::string out = usage_text(doc) + "\n" + std::string(doc.summary) + ".\n";
    if (!doc.details.empty())
        out += "\n" + std::string(doc.details) + "\n";
    out += "\nOptional arguments:\n";
    option_lines(out, kHelpOption);
    for (const auto& o : doc.options)
        option_lines(out, o);
    return out;
}

std::string launcher_help_text() {
    std::string out = "Usage:\n  vagga [OPTIONS] [COMMAND [ARG ...]]\n\n"
                      "Runs a command in a container described by vagga.yaml, building the\n"
                      "container first when its description changed. Without a command, lists\n"
                      "the project's commands.\n\n"
                      "Optional arguments:\n";
    option_lines(out, kHelpOption);
    for (const auto& o : kGlobal)
        option_lines(out, o);
    out += "\nBuiltin commands (`vagga NAME --help` for each):\n";
    for (const auto& b : kBuiltins)
        if (b.name != "_compgen")
            option_lines(out, OptionDoc{{b.name}, "", b.summary});
    out += "\n`vagga check` is `vagga _check` unless the project defines a `check` command.\n";
    return out;
}

bool wants_help(const BuiltinDoc& doc, const std::vector<std::string>& args) {
    int operands = 0;
    for (const auto& a : args) {
        if (a == "--")
            return false;
        if (a == "-h" || a == "--help")
            return true;
        if (!a.empty() && a[0] != '-' && ++operands == doc.rest_after)
            return false;
        if (doc.rest_after == 0)
            return false;
    }
    return false;
}

namespace {

// roff needs a backslash before every '-' of an option and a leading '.'
// or '\'' escaped.
std::string roff(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '-' || c == '\\')
            out += '\\';
        out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\''))
        out.insert(0, "\\&");
    return out;
}

void man_option(std::ostream& out, const OptionDoc& o) {
    out << ".TP\n.B " << roff(option_names(o)) << "\n" << roff(o.help) << "\n";
}

} // namespace

void print_man_page(std::ostream& out) {
    out << ".TH VAGGA 1 \"\" \"vagga " << project::compat_version() << "\" \"User Commands\"\n"
        << ".SH NAME\nvagga \\- rootless development containers described by vagga.yaml\n"
        << ".SH SYNOPSIS\n.B vagga\n[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR [\\fIARG\\fR ...]]\n"
        << ".SH DESCRIPTION\nvagga runs a command of the project's vagga.yaml in a container, "
           "building the container first when its description changed. It needs no root and "
           "no daemon: the command runs as a child of your shell, and files it writes in the "
           "project belong to you. Without a command, vagga lists the project's commands.\n"
        << ".PP\nvagga looks for vagga.yaml in the current folder and its parents.\n"
        << ".SH OPTIONS\n";
    man_option(out, kHelpOption);
    for (const auto& o : kGlobal)
        man_option(out, o);
    out << ".SH BUILTIN COMMANDS\n";
    for (const auto& b : kBuiltins) {
        if (b.name == "_compgen")
            continue;
        out << ".SS " << roff(b.name) << (b.operands.empty() ? "" : " ") << roff(b.operands) << "\n"
            << roff(b.summary) << ".\n";
        if (!b.details.empty())
            out << roff(b.details) << "\n";
        for (const auto& o : b.options)
            man_option(out, o);
    }
    out << ".SH EXIT STATUS\nThe command's own exit status, or: 121 a command or container "
           "was not found, 122 a usage error, 126 the configuration could not be read, 127 no "
           "command was given.\n"
        << ".SH FILES\n.TP\n.B vagga.yaml\nThe project's configuration.\n.TP\n.B .vagga/\n"
           "Built containers and volumes of the project.\n.TP\n"
           ".B ~/.config/vagga/settings.yaml\nThe user's settings.\n"
        << ".SH SEE ALSO\nThe documentation in /usr/share/doc/vagga, and "
           "\\fBvagga check \\-\\-help\\fR.\n";
}

} // namespace vagga::cli
