import stat

from civicgrid.lib.keys import key_file


def test_a_key_is_made_once_and_only_its_owner_can_read_it(tmp_path):
    first = key_file(tmp_path, "secret")
    assert len(first) == 64 and key_file(tmp_path, "secret") == first
    assert key_file(tmp_path, "other") != first
    mode = stat.S_IMODE((tmp_path / "keys" / "secret").stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
