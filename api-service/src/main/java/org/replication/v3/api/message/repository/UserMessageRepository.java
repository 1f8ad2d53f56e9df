package org.replication.v3.api.message.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.replication.v3.api.message.UserMessage;

@ApplicationScoped
public class UserMessageRepository implements PanacheRepositoryBase<UserMessage, UUID> {
}
