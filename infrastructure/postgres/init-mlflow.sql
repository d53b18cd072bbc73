-- MLflow keeps its runs and registry in a database of its own on the same server.
CREATE DATABASE mlflow;
