"""One module per command. Each defines NAME, HELP, optional DESCRIPTION and ORDER,
add_arguments(parser) and run(args) -> exit status. Keep module level imports light."""
