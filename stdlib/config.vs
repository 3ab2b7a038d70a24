# The top level of vagga.yaml (config.md §3). Members are validated in this
# order, so a minimum-vagga error always comes first.

struct Config
  doc "A vagga.yaml file: containers, commands and the files they pull in."
{
  minimum-vagga: version?
    doc "The oldest vagga that can read this file. A newer value stops the load with a request to upgrade."
    since "0.5.0";
  mixins: list<string>
    doc "Other config files whose containers and commands are added when this file does not define them. Later entries win over earlier ones."
    since "0.7.1";
  containers: map<string, Container>
    doc "The containers of the project, by name.";
  commands: map<string, Command>
    doc "The commands of the project, by name. Names starting with `_` are hidden from the listing.";
}
