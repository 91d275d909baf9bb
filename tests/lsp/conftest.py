"""pytest-lsp fixtures for rl-lint's language server (`rl-lint server`).

The server binary is $RL_LINT_BIN (default: target/debug/rl-lint of this
repository). Every test gets a fresh server, started in a temporary
folder, and a client that records each publishDiagnostics with its
version.
"""

import asyncio
import os
import pathlib
import subprocess
import json

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pygls.protocol import default_converter

REPO = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("RL_LINT_BIN", str(REPO / "target" / "debug" / "rl-lint"))
SEEDS = REPO / "tests" / "fixtures"


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    def register_capability(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register_capability
    register_lsp_features(client, features)
    client.published = []
    client.registrations = []
    return client


def server_config(cwd: str) -> ClientServerConfig:
    return ClientServerConfig(
        server_command=[BINARY, "server"],
        client_factory=make_client,
        server_env={**os.environ, "PWD": cwd},
    )


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    """A folder with no configuration above it that rl-lint would find."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    for parent in folder.parents:
        assert not (parent / ".rl-lint.yaml").exists(), parent
    return folder


async def start(workspace: pathlib.Path, capabilities: str = "visual-studio-code",
                encodings=None) -> LanguageClient:
    client = make_client()
    await client.start_io(BINARY, "server", cwd=str(workspace))
    caps = client_capabilities(capabilities)
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    client.init_result = await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="drafts")],
        )
    )
    return client


@pytest.fixture
async def lsp(workspace):
    client = await start(workspace)
    yield client
    await client.shutdown_session()
    await client.stop()


async def diagnostics_for(client: LanguageClient, uri: str, version=None, timeout=20.0):
    """The diagnostics the server publishes for `uri` (at `version` when
    given), waiting for them."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for params in reversed(client.published):
            if params.uri == uri and (version is None or params.version == version):
                return params.diagnostics
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no diagnostics for {uri} at version {version}: {client.published[-3:]}")
        await asyncio.sleep(0.02)


def cli_json(path: pathlib.Path):
    out = subprocess.run([BINARY, "--format", "json", "--no-config", str(path)],
                         capture_output=True, text=True, check=False)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def utf16_position(text: str, byte_offset: int) -> types.Position:
    """An LSP position (UTF-16) computed independently of rl-lint."""
    before = text.encode("utf-8")[:byte_offset].decode("utf-8")
    line = before.count("\n")
    column = before[before.rfind("\n") + 1:]
    return types.Position(line=line, character=len(column.encode("utf-16-le")) // 2)


def offset_of(text: str, position: types.Position) -> int:
    """The str index of a UTF-16 LSP position."""
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line)


def apply_edits(text: str, edits) -> str:
    spans = sorted(((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit, uri: str):
    if edit.document_changes:
        return [e for change in edit.document_changes
                if change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))
