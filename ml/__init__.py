"""Models with no web or database imports: each trains, saves, loads and predicts on plain inputs."""
