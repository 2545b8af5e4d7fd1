-- swedish_order(text): the key of Swedish alphabetical order, character for character the one
-- catalogue/alphabet.py makes (`swedish_order`): ASCII capitals small (lower() under collation C
-- changes nothing else, whatever the database's own), then each letter of alphabet.LETTERS as its
-- key character. tests/service/test_swedish_order.py checks that this list is LETTERS, and that
-- SQLite and PostgreSQL give Python's key for every letter.
CREATE FUNCTION swedish_order(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(
    lower(name COLLATE "C"),
    'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåæçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž',
    'aaaa|{|ceeeeiiiidnoooo}}uuuyyaaaa|{|ceeeeiiiidnoooo}}uuuyyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllllnnnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz'
);
