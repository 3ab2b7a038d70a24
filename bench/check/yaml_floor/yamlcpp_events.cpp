// Parses a YAML file to events with yaml-cpp and an empty handler: the
// least `vagga check` can spend on a file while it reads YAML with yaml-cpp.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iostream>

namespace {

struct Counter final : YAML::EventHandler {
    long events = 0;
    void OnDocumentStart(const YAML::Mark&) override { ++events; }
    void OnDocumentEnd() override { ++events; }
    void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++events; }
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++events; }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {
        ++events;
    }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        ++events;
    }
    void OnSequenceEnd() override { ++events; }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        ++events;
    }
    void OnMapEnd() override { ++events; }
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: yamlcpp_events FILE\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    YAML::Parser parser(in);
    Counter c;
    while (parser.HandleNextDocument(c)) {
    }
    std::cout << c.events << " events\n";
    return 0;
}
