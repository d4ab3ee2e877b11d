"""Content: YAML files read safely, validated into the model, templated, and measured."""
