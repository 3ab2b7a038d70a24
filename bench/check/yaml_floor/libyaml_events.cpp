// Parses a YAML file to events with libyaml (C), for comparison with
// yamlcpp_events.cpp on the same file.
#include <yaml.h>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: libyaml_events FILE\n");
        return 2;
    }
    FILE* f = std::fopen(argv[1], "rb");
    if (f == nullptr) {
        std::perror(argv[1]);
        return 1;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    long events = 0;
    for (bool done = false; !done; ++events) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            std::fprintf(stderr, "%s: YAML error\n", argv[1]);
            return 1;
        }
        done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&parser);
    std::fclose(f);
    std::printf("%ld events\n", events);
    return 0;
}
