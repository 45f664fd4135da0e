-- The inputs of a merge, in one string: every stored document version and every user alias
-- (order-free: an XOR of row hashes, with the row counts). Equal strings, equal merge results.
SELECT (SELECT count(*) || ':' || coalesce(bit_xor(hash(doc_id, content_hash, extractor_version)), 0)
          FROM documents)
    || '|' ||
       (SELECT count(*) || ':' || coalesce(bit_xor(hash(alias, canonical)), 0)
          FROM entity_aliases WHERE source = 'user')
