"""Own what every layer of the catalogue imports: the configuration, exit codes and error shape."""
