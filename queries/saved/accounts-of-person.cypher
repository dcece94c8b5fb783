// name: accounts-of-person
// title: Accounts of a person
// params: email
// example: email=ethan.clarke@northwind.example
// description: The accounts and non-human identities linked to the person with this email, with how each link was made (method) and whether the account is still present in its source.
MATCH (p:Person {email: $email})<-[l:LINKED_TO]-(a:Identity)
RETURN a.source AS source, a.container AS container, a.name AS account, a.key AS accountKey,
       l.method AS method, a.removedAt IS NULL AS present
ORDER BY source, container, account
