"""A bare Flask page, served like Sen, as the yardstick of benchmarks/server_pages.py."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def page():
    return "<!doctype html><title>Sen</title><p>Xin chào</p>"
