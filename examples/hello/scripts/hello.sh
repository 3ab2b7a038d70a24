#!/bin/sh
echo "hello from /opt/scripts/hello.sh in the tools container"
