"""Build: the request, the pipeline, workers, caching and safe writing of every output."""
